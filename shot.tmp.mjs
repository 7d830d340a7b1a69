import { chromium } from '@playwright/test';
const [,, path, width, out, scheme = 'light', full = 'full'] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const p = await b.newPage({ viewport: { width: Number(width), height: 900 }, colorScheme: scheme });
await p.goto('http://localhost:8765/' + path);
await p.waitForTimeout(300);
await p.screenshot({ path: out, fullPage: full === 'full' });
await b.close();
