#!/usr/bin/env node
// Runs the TypeScript sources directly: no build step, nothing stale to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
