#!/usr/bin/env node
// The operator CLI; `npm run build` (run by npm start / npm test) compiles it to dist/.
require('../dist/src/cli.js');
