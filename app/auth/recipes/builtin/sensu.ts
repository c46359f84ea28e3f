/**
 * Sensu Go (seed 002): GET /auth with Basic; expires_at is absolute on the server's clock (moved to
 * ours with the Date header); refresh with the (possibly expired) access token beside the refresh token.
 */
export const sensuRecipe = `
name: sensu
title: Sensu Go
description: Sensu Go API (/auth, /auth/token, /auth/test)
url_example: http://sensu.example.net:8080
default_path: /api/core/v2/namespaces
login:
  method: GET
  path: /auth
  auth: basic
token:
  path: /access_token
  expires_at: /expires_at
  refresh_token: /refresh_token
refresh:
  method: POST
  path: /auth/token
  headers: { Authorization: "Bearer {{token}}" }
  body:
    json: { refresh_token: "{{refresh_token}}" }
  # 400 and 401 both mean this refresh token is no good: the wallet falls back to a login.
  errors: { rejected: [400, 401, 403] }
test:
  method: GET
  path: /auth/test
  auth: basic
use:
  header: "Authorization: Bearer {{token}}"
`;
