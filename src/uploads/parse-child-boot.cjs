// Entry of the parse child (forked by isolated-parse.ts). Plain JavaScript, so that the child
// starts on plain Node: under tsx (npm start, vitest) the TypeScript of parse-child.ts is compiled
// through tsx's CommonJS hook, which is then removed before any file is read, so the libraries
// (pdf.js, mammoth, exceljs, csv-parse) load untransformed. Through tsx, pdf.js alone took 200 MB
// of heap and 4 s to read a four-page PDF; without it, 18 MB and 0.2 s.
const fs = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, 'parse-child.js');
if (fs.existsSync(built)) {
  require(built);
} else {
  const { register } = require('tsx/cjs/api');
  const unregister = register();
  require(path.join(__dirname, 'parse-child.ts'));
  unregister();
}
