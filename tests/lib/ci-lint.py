#!/usr/bin/env python3
"""Structural checks of the example CI configurations that YAML parsing
alone does not catch.

  ci-lint.py github FILE   jobs have runs-on and steps; every step has
                           uses or run; matrix keys used are defined
  ci-lint.py gitlab FILE   every job's stage is declared; extends names a
                           template that exists; every job has a script

Prints one line per problem and exits 1 if there is any.
"""

import re
import sys

import yaml

GITLAB_KEYWORDS = {"stages", "variables", "default", "include",
                   "workflow", "image", "services", "before_script",
                   "after_script", "cache"}


def github(doc):
    problems = []
    for name, job in doc.get("jobs", {}).items():
        if "runs-on" not in job:
            problems.append("job %s has no runs-on" % name)
        matrix = job.get("strategy", {}).get("matrix", {})
        keys = set(matrix) - {"include", "exclude"}
        for entry in matrix.get("include", []):
            keys |= set(entry)
        text = yaml.safe_dump(job)
        for used in re.findall(r"matrix\.([A-Za-z0-9_-]+)", text):
            if used not in keys:
                problems.append("job %s uses matrix.%s, which no matrix "
                                "entry defines" % (name, used))
        for i, step in enumerate(job.get("steps", [])):
            if "uses" not in step and "run" not in step:
                problems.append("job %s step %d has neither uses nor run"
                                % (name, i + 1))
        if not job.get("steps"):
            problems.append("job %s has no steps" % name)
    return problems


def gitlab(doc):
    problems = []
    stages = doc.get("stages", ["build", "test", "deploy"])
    for name, job in doc.items():
        if name in GITLAB_KEYWORDS or not isinstance(job, dict):
            continue
        if name.startswith("."):
            continue
        merged = {}
        parents = job.get("extends", [])
        for parent in [parents] if isinstance(parents, str) else parents:
            if parent not in doc:
                problems.append("job %s extends %s, which does not exist"
                                % (name, parent))
            else:
                merged.update(doc[parent])
        merged.update(job)
        if merged.get("stage", "test") not in stages:
            problems.append("job %s has stage %s, not among %s"
                            % (name, merged.get("stage"), stages))
        if "script" not in merged:
            problems.append("job %s has no script" % name)
    return problems


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    problems = {"github": github, "gitlab": gitlab}[kind](doc)
    for p in problems:
        print("%s: %s" % (path, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
