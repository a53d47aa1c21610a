import { UnauthenticatedError } from '../../core/errors.js';

/** Thrown on Graph 401 so the caller can refresh the token once and retry once. */
export class GraphTokenRejected extends UnauthenticatedError {
  constructor(override readonly microsoftText: string) {
    super(`Microsoft Graph rejected the access token: ${microsoftText}`);
  }
}
