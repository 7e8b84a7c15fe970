// Plays an `aidgrid serve` that is about to be killed with -9: opens the data dir, prints the port, waits.
import { openEmbedded } from '../embedded.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hold-serve.ts <dataDir>');
const server = await openEmbedded({ dataDir, mode: 'serve', label: 'fixture serve' });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
setInterval(() => undefined, 60_000);
