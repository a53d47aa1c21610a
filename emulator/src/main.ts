import { startEmulator } from './index.js';

/**
 * Runs the emulator alone with a demo tenant, app and users, for people to click through:
 * `node emulator/dist/main.js` (port from EMULATOR_PORT, default 4010). Its control API is served
 * over HTTP without authentication, which is what tests want; the start-up text says so.
 */
const port = Number(process.env.EMULATOR_PORT ?? 4010);
const host = process.env.EMULATOR_HOST ?? '127.0.0.1';
const smtpPort = Number(process.env.EMULATOR_SMTP_PORT ?? 4025);
const emulator = await startEmulator({ port, host, control: 'http', smtp: { port: smtpPort } });

const tenant = emulator.createTenant({ domain: 'contoso.example', name: 'Contoso' });
const redirectUri = process.env.EMULATOR_REDIRECT_URI ?? 'http://localhost:3000/oauth/callback';
const app = emulator.createApp({ tenantId: tenant.id, displayName: 'Mailbridge (demo)', redirectUris: [redirectUri] });
const secret = emulator.addSecret(app.clientId);
emulator.createUser({ email: 'adele@contoso.example', displayName: 'Adele Vance' });
emulator.createUser({ email: 'megan@contoso.example', displayName: 'Megan Bowen', sendAs: ['support@contoso.example'] });
emulator.createUser({ email: 'sam@outlook.example', displayName: 'Sam Personal', personal: true });

const authorize = new URL(`${emulator.url}/common/oauth2/v2.0/authorize`);
authorize.search = new URLSearchParams({
  client_id: app.clientId, response_type: 'code', redirect_uri: redirectUri, state: 'demo',
  scope: 'openid profile email offline_access https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/User.Read',
}).toString();

process.stdout.write(`Microsoft emulator listening on ${emulator.url}
  authority / Graph origin: ${emulator.url}
  tenant:         ${tenant.id} (${tenant.domain})
  client id:      ${app.clientId}
  client secret:  ${secret.value}   (secret ID ${secret.id})
  redirect URI:   ${redirectUri}
  users:          adele@contoso.example, megan@contoso.example, sam@outlook.example (personal)
  SMTP:           ${emulator.smtp?.url ?? 'off'}   (STARTTLS, AUTH XOAUTH2 with an outlook.office.com token;
                  certificate: GET ${emulator.url}/_emulator/smtp → caPem)
  try:            ${authorize.toString()}
  control API:    ${emulator.url}/_emulator/...   (OPEN, UNAUTHENTICATED)
  WARNING: the control API is open and unauthenticated: anything that can reach this port can
           read every secret and token it has seen (GET /_emulator/requests) or wipe it all
           (POST /_emulator/reset). For tests and demos only; keep it on loopback.
`);

const stop = () => { void emulator.close().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
