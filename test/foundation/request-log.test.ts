import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { requestLog } from '../../src/web/request-log';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

describe('request log', () => {
  it('gives every request an id (header) and logs one line when it finishes, without the query string', async () => {
    const { lines, logger } = capture();
    const app = express();
    app.use(requestLog(logger, { autoLogging: true }));
    app.get('/things', (_req, res) => {
      res.status(201).send('ok');
    });
    const res = await request(app).get('/things?secret=token').expect(201);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request completed', req: { id, method: 'GET', url: '/things' }, res: { statusCode: 201 } });
    expect(lines[0].responseTime).toEqual(expect.any(Number));
    expect(JSON.stringify(lines[0])).not.toContain('secret');
  });

  it('logs nothing when automatic logging is off (tests), but still sets the id', async () => {
    const { lines, logger } = capture();
    const app = express();
    app.use(requestLog(logger, { autoLogging: false }));
    app.get('/', (_req, res) => {
      res.send('ok');
    });
    const a = await request(app).get('/').expect(200);
    const b = await request(app).get('/').expect(200);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    expect(lines).toEqual([]);
  });
});
