#!/usr/bin/env node
// Runs before `npm start` and `npm test` on a fresh clone: checks Node and installs the
// npm packages when they are missing or older than package-lock.json. Uses nothing
// outside Node itself, because it runs before any package is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`pingyi 需要 Node.js 20.19 或更新版本（当前 ${process.versions.node}）。请先升级 Node.js。`);
  process.exit(1);
}

const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
const stale = !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs);
if (stale) {
  console.log('正在安装 npm 依赖（npm ci）…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('npm 依赖安装失败。请检查网络能否访问 npm 源，然后在项目根目录运行：npm ci');
    process.exit(1);
  }
}
