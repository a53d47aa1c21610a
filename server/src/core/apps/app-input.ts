import { Guid } from '@mailbridge/contract';
import { InvalidInputError } from '../errors.js';

/**
 * Checks made before any request to Microsoft (docs/microsoft.md §5.1): the client ID is a GUID, and a
 * GUID in the secret field is the Secret ID, not the Value. Spaces around values are trimmed.
 */
export function checkAppCredentials(input: { clientId: string; clientSecret?: string | undefined }, pathPrefix = ''): { clientId: string; clientSecret?: string } {
  const clientId = input.clientId.trim();
  if (!Guid.safeParse(clientId).success) {
    throw new InvalidInputError('The client ID must be the Application (client) ID, a GUID', {
      diagnosis: 'client_id_invalid',
      details: [{ path: `${pathPrefix}clientId`, message: 'must be a GUID like 1051283f-a319-4c83-924d-6b709e79615a' }],
    });
  }
  if (input.clientSecret === undefined) return { clientId };
  const clientSecret = input.clientSecret.trim();
  if (clientSecret === '') {
    throw new InvalidInputError('The client secret is empty', { diagnosis: 'client_secret_invalid', details: [{ path: `${pathPrefix}clientSecret`, message: 'must not be empty' }] });
  }
  if (Guid.safeParse(clientSecret).success) {
    throw new InvalidInputError('This is the Secret ID; paste the secret Value, shown once when the secret is created', {
      diagnosis: 'client_secret_looks_like_id',
      details: [{ path: `${pathPrefix}clientSecret`, message: 'this is the Secret ID; paste the secret Value, shown once when the secret is created' }],
    });
  }
  return { clientId, clientSecret };
}
