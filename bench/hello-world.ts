// The reference for the benchmark: a plain Express "hello world" in its own process, started the
// same way as the app (node --import tsx, NODE_ENV=production). PORT comes from the environment.
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.get('/', (_req, res) => {
  res.send('Hello world');
});
const server = app.listen(Number(process.env.PORT ?? 0), () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
