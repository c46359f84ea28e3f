/**
 * Veeam Availability Orchestrator (seed 004): OAuth2-style form login and refresh at
 * /v1/Accounts/Token (user names like domain\\user travel in the form), logout with Bearer.
 */
export const veeamVaoRecipe = `
name: veeam-vao
title: Veeam Orchestrator
description: Veeam Availability Orchestrator RESTful API (OAuth2 with refresh and logout)
url_example: https://vao.example.local:9899
default_path: /v1/About
login:
  method: POST
  path: /v1/Accounts/Token
  body:
    form: { grant_type: password, username: "{{username}}", password: "{{password}}" }
  errors:
    messages:
      - { status: 400, match: invalid_grant, kind: credentials, message: invalid username or password }
token:
  path: /access_token
  expires_in: /expires_in
  lifetime: 300
  refresh_token: /refresh_token
refresh:
  method: POST
  path: /v1/Accounts/Token
  body:
    form: { grant_type: refresh_token, refresh_token: "{{refresh_token}}" }
  errors: { rejected: [400, 401, 403] }
logout:
  method: POST
  path: /v1/Accounts/Logout
  headers: { Authorization: "Bearer {{token}}" }
  # A session that already ended (401) is as logged out as we want it to be.
  ok: [200, 201, 202, 204, 401]
  errors: { rejected: [403] }
use:
  header: "Authorization: Bearer {{token}}"
`;
