import { DEMO_PEOPLE } from '../seeds/demo-users';
import { PROVIDER_PASSWORD, startTestProvider } from '../test/helpers/oidc-provider';

// A local OpenID Connect provider for trying single sign-on (README "Single sign-on"): every
// demo person is an account (login = their email) whose ID token carries their email (verified),
// name and employee ID. Not for production: in-memory, http, one client with a published secret.

const port = Number(process.env.SSO_DEV_PROVIDER_PORT ?? 4400);
const appUrl = (process.env.PUBLIC_BASE_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const clientId = 'competency-dev';
const clientSecret = 'competency-dev-secret';

async function main(): Promise<void> {
  const accounts = new Map<string, Record<string, unknown>>(
    DEMO_PEOPLE.map((p) => [p.email, { email: p.email, email_verified: true, name: p.name, employee_id: p.employeeId }]),
  );
  const provider = await startTestProvider({
    clientId,
    clientSecret,
    redirectUris: [`${appUrl}/login/sso/callback`],
    postLogoutRedirectUris: [`${appUrl}/login?signedOut=1`],
    accounts,
    port,
    extraProfileClaims: ['employee_id'],
  });
  console.log(`Test identity provider running at ${provider.issuer}`);
  console.log(`Accounts: the demo people's emails (e.g. employee@example.gov), password ${PROVIDER_PASSWORD}\n`);
  console.log('Start the app against it in another terminal:\n');
  console.log(
    `  OIDC_ISSUER=${provider.issuer} OIDC_CLIENT_ID=${clientId} OIDC_CLIENT_SECRET=${clientSecret} \\\n` +
      `  OIDC_DISPLAY_NAME="Test provider" OIDC_EMPLOYEE_ID_CLAIM=employee_id PUBLIC_BASE_URL=${appUrl} npm start\n`,
  );
  const stop = () => void provider.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error('The test identity provider did not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
