#!/usr/bin/env node
'use strict';
const load = require('./check-node.js');
load('main/cli/index.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
