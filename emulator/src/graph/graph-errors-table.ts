/**
 * Graph error codes the emulator answers with: code → HTTP status and message.
 * Quoted texts are docs/microsoft.md §2 byte for byte; `{name}` placeholders are filled per request.
 */
export interface GraphErrorEntry {
  status: number;
  message: string;
}

export const GRAPH_ERRORS: Readonly<Record<string, GraphErrorEntry>> = {
  InvalidAuthenticationToken: { status: 401, message: 'Access token is empty.' },
  ErrorAccessDenied: { status: 403, message: 'Access is denied. Check credentials and try again.' },
  Authorization_RequestDenied: { status: 403, message: 'Insufficient privileges to complete the operation.' },
  // App-only access to a mailbox (docs/microsoft.md §7).
  ErrorInvalidUser: { status: 404, message: "The requested user '{user}' is invalid." },
  ErrorSendAsDenied: { status: 403, message: 'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account., Cannot submit message.' },
  MailboxNotEnabledForRESTAPI: { status: 404, message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.' },
  ErrorInvalidRecipients: { status: 400, message: "At least one recipient isn't valid., Recipient '{recipient}' isn't resolved. All recipients must be resolved before a message can be submitted." },
  ErrorQuotaExceeded: { status: 403, message: 'Mailbox has exceeded maximum mailbox size.' },
  TooManyRequests: { status: 429, message: 'Please retry again later.' },
  ApplicationThrottled: { status: 429, message: 'Application is over its MailboxConcurrency limit.' },
  ErrorMimeContentInvalidBase64String: { status: 400, message: 'Invalid base64 string for MIME content.' },
  RequestEntityTooLarge: { status: 413, message: 'The maximum request length supported is 4MB.' },
  ErrorMessageSizeExceeded: { status: 400, message: 'The message exceeds the maximum supported size.' },
  InvalidInternetMessageHeaderCollection: { status: 400, message: 'Maximum number of headers in one message should be less than or equal to 5.' },
  InvalidInternetMessageHeader: { status: 400, message: "The internet message header name '{name}' should start with 'x-' or 'X-'." },
  RequestBodyRead: { status: 400, message: "The property '{property}' does not exist on type '{type}'. Make sure to only use property names that are defined by the type or mark the type as open type." },
  ErrorInvalidParameter: { status: 400, message: "The value of the parameter '{name}' is empty." },
  ErrorItemNotFound: { status: 404, message: 'The specified object was not found in the store.' },
  ErrorInvalidIdMalformed: { status: 400, message: 'Id is malformed.' },
  ErrorInvalidUrlQueryFilter: { status: 400, message: 'The query filter contains one or more invalid nodes.' },
  'RequestBroker--ParseUri': { status: 400, message: "Could not find a property named '{name}' on type '{type}'." },
  // Unconfirmed texts: what the emulator answers where Microsoft's exact words are not on record.
  ErrorInvalidInternetMessageId: { status: 400, message: "The value '{value}' of property 'internetMessageId' is not a valid RFC 2822 message ID." },
  ErrorInvalidOperation: { status: 400, message: 'The item has already been sent.' },
  ErrorInvalidPropertySet: { status: 400, message: "The property '{name}' is read-only and can't be set." },
  ErrorFolderExists: { status: 409, message: 'A folder with the specified name already exists.' },
  ErrorInvalidPropertyUpdateSentMessage: { status: 400, message: 'Update operation is invalid for property of a sent message.' },
  // Exchange's code for content that decodes but is no MIME message (Learn quotes only the base64 one).
  ErrorMimeContentInvalid: { status: 400, message: 'The MIME content is invalid.' },
  // Delta state tokens: 410 with the code as real answers spell it (the Graph errors page writes
  // syncStateNotFound); resyncRequired's status and text are the emulator's guess.
  SyncStateNotFound: { status: 410, message: 'The sync state generation is not found.' },
  resyncRequired: { status: 410, message: 'A resync is required.' },
  // Large attachments (learn.microsoft.com graph/outlook-large-attachments, which names the first
  // code but quotes no text; the second code follows its pattern).
  ErrorAttachmentSizeShouldNotBeLessThanMinimumSize: { status: 400, message: 'Attachment size must be greater than the minimum size.' },
  ErrorAttachmentSizeShouldNotBeMoreThanMaximumSize: { status: 400, message: 'Attachment size must not be greater than the maximum size.' },
  // Refusals of the upload URL (a malformed fragment, one out of order, an expired session).
  ErrorInvalidRequest: { status: 400, message: 'The request is invalid.' },
  ErrorInvalidRange: { status: 416, message: 'The fragment must start at byte {next}, the next one expected.' },
  BadRequest: { status: 400, message: 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.' },
  generalException: { status: 500, message: 'General exception while processing.' },
  ServiceUnavailable: { status: 503, message: 'Service Unavailable' },
  GatewayTimeout: { status: 504, message: 'Gateway Timeout' },
};

/** Every 401 from Graph carries this challenge (docs/microsoft.md §2). */
export const GRAPH_WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
