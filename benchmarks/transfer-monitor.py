#!/usr/bin/env python3
"""Run one download, watch its output file grow, optionally cut a path.

  transfer-monitor.py --out FILE [--cut-after S --cut CMD] -- CURL ARGS...

Prints one JSON object: curl's exit code, the bytes received, the wall
time, and, with --cut, the longest time without progress after the cut
(the stall a user sees when a path dies).
"""

import argparse
import json
import os
import subprocess
import time

SAMPLE = 0.005  # seconds between two looks at the output file


def size(path):
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="curl's output file")
    p.add_argument("--cut-after", type=float)
    p.add_argument("--cut", help="shell command that cuts a path")
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("command", nargs=argparse.REMAINDER)
    a = p.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command

    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    cut_at = None
    last_size, last_change, stall = 0, start, 0.0
    while proc.poll() is None:
        now = time.monotonic()
        if now - start > a.timeout:
            proc.kill()
            break
        if a.cut and cut_at is None and now - start >= a.cut_after:
            subprocess.run(a.cut, shell=True, check=True)
            cut_at = now = time.monotonic()
            last_change = now
        current = size(a.out)
        if current != last_size:
            if cut_at is not None:
                stall = max(stall, now - last_change)
            last_size, last_change = current, now
        time.sleep(SAMPLE)
    out, _ = proc.communicate()
    result = {"exit": proc.returncode, "bytes": size(a.out),
              "seconds": round(time.monotonic() - start, 3),
              "write_out": out.decode(errors="replace")}
    if a.cut:
        result["cut_at"] = round(cut_at - start, 3) if cut_at else None
        result["stall"] = round(stall, 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
