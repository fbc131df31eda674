// A second reference for the benchmark: the least a signed-in request costs on this stack. Plain
// Express plus the two libraries every signed-in page of the app goes through, configured the way
// the app configures them (express-session with a rolling cookie, passport restoring the person
// from the session), but with the session in memory instead of the database, no security
// headers, no CSRF token, no logging and no page: the answer is one short line of text.
// No page of the app can be cheaper than this, so its throughput is the ceiling for the home page
// and the report. PORT comes from the environment; GET /sign-in starts a signed-in session.
import crypto from 'node:crypto';
import express from 'express';
import session from 'express-session';
import passport from 'passport';

const app = express();
app.disable('x-powered-by');
app.use(
  session({
    name: 'sid',
    secret: crypto.randomBytes(32).toString('hex'),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 240 * 60_000 },
  }),
);
const auth = new passport.Passport();
auth.serializeUser((user, done) => done(null, (user as { id: number }).id));
auth.deserializeUser((id: number, done) => done(null, { id }));
app.use(auth.initialize({ compat: false }));
app.use(auth.session());

let next = 0;
app.get('/sign-in', (req, res, fail) => {
  next += 1;
  req.login({ id: next }, (err) => (err ? fail(err) : res.send('Signed in')));
});
app.get('/', (req, res) => {
  if (!req.user) return res.status(401).send('Not signed in');
  res.send(`Signed in as ${(req.user as { id: number }).id}`);
});

const server = app.listen(Number(process.env.PORT ?? 0), () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
