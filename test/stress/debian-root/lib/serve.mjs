// A static https server for the test's apt repositories: node serve.mjs ROOT_DIR KEY CERT PORT_FILE LOG_FILE.
// Listens on 127.0.0.1 on a free port, written to PORT_FILE once listening; logs "<status> <path>" per request.
// GET and HEAD only; no directory listings; paths outside ROOT_DIR are refused.
import { appendFileSync, createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join, normalize } from 'node:path';

const [root, key, cert, portFile, logFile] = process.argv.slice(2);
const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
  const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'https://127.0.0.1').pathname);
  const file = normalize(join(root, urlPath));
  let status = 200;
  let size = 0;
  try {
    if (!file.startsWith(`${normalize(root)}/`) || !['GET', 'HEAD'].includes(request.method ?? '')) throw new Error('refused');
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    status = 404;
  }
  appendFileSync(logFile, `${status} ${request.method} ${urlPath}\n`);
  if (status !== 200) {
    response.writeHead(404).end('not found\n');
    return;
  }
  response.writeHead(200, { 'Content-Length': size, 'Content-Type': 'application/octet-stream' });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  writeFileSync(portFile, `${typeof address === 'object' && address ? address.port : ''}\n`);
});
