#!/usr/bin/env node
'use strict';
const load = require('./check-node.js');
load('main/host/serve.js').main(process.argv.slice(2));
