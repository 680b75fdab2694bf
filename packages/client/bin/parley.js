#!/usr/bin/env node
// The CLI is compiled into dist/ by `npm run build`; this committed, executable entry is what npm
// links as `parley`, so the command works without a chmod after every build.
import '../dist/cli/main.js';
