/**
 * Delegated scopes asked for when linking for Graph sending (PRODUCT.md: Mail.Send + User.Read,
 * offline_access for a refresh token, openid/profile/email for the id_token claims).
 */
export const GRAPH_LINK_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'User.Read', 'Mail.Send'] as const;
