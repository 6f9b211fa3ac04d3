// A stand-in artwork server for benchmarks, run as a child process so it does not share the
// event loop being measured. Every path serves the same PDF; Range requests get a 206.
import http from "node:http";

const body = Buffer.concat([Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Buffer.alloc(200_000, 0x20)]);
let requests = 0;

const server = http.createServer((request, response) => {
  requests++;
  const range = /^bytes=(\d+)-(\d*)$/.exec(String(request.headers.range ?? ""));
  if (!range) {
    response.writeHead(200, { "content-type": "application/pdf", "content-length": String(body.length) }).end(body);
    return;
  }
  const start = Number(range[1]);
  const end = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1);
  response.writeHead(206, { "content-type": "application/pdf", "content-length": String(end - start + 1), "content-range": `bytes ${start}-${end}/${body.length}` });
  response.end(body.subarray(start, end + 1));
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", (message) => {
  if (message === "stats") process.send({ requests });
  if (message === "stop") server.close(() => process.exit(0));
});
