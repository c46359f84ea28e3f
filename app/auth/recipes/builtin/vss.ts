/** UofT VSS (seed 000): Basic-auth token request, `duration` seconds, the token as the Basic user name. */
export const vssRecipe = `
name: vss
title: UofT VSS
description: University of Toronto Virtual Server Service API
url_example: https://vss-api.eis.utoronto.ca:8001
default_path: /v2
login:
  method: POST
  path: /auth/request-token
  auth: basic
  headers: { Accept: application/json }
token:
  from: body
  path: /token
  expires_in: /duration
use:
  basic: { username: "{{token}}", password: "" }
errors:
  messages:
    # VSS tells two 401s apart only in the body: a user without API access, or a wrong password.
    - status: 401
      match: not authorized
      message: user not authorized to access the API (ask the VSS team for access)
    - status: 401
      message: invalid username and password
`;
