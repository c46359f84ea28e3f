/**
 * Vyopta (seed 003): OpenID Connect password grant at Keycloak's token URL (an option, another
 * host than the API's), client_id vyopta. Refresh is documented as not implemented: log in again.
 */
export const vyoptaRecipe = `
name: vyopta
title: Vyopta
description: Vyopta APIs, OpenID Connect password grant (Keycloak)
url_example: https://api.vyopta.com
default_path: /
options:
  - key: tokenUrl
    label: Token URL
    default: https://login.vyopta.com/auth/realms/vyopta/protocol/openid-connect/token
    help: OAuth2 token endpoint
  - key: clientId
    label: Client ID
    default: vyopta
    help: OAuth2 client_id
login:
  method: POST
  path: "{{tokenUrl}}"
  body:
    form: { grant_type: password, client_id: "{{client_id}}", username: "{{username}}", password: "{{password}}" }
  errors:
    messages:
      - { status: 401, match: invalid_grant, message: invalid username or password }
      - { status: 400, match: invalid_grant, kind: credentials, message: invalid username or password }
      - { status: 401, match: client, message: the client was rejected; check the client ID, field: clientId }
token:
  path: /access_token
  expires_in: /expires_in
  lifetime: 300
use:
  header: "Authorization: Bearer {{token}}"
`;
