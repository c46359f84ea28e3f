/**
 * Ribbon SBC Edge (seed 001): Basic-auth token request, XML answer, ten minutes not stated in the
 * answer. Renewal re-authenticates early with the current token in a form body, which keeps the
 * configuration lock; with an expired token that would be refused, so it logs in instead.
 */
export const ribbonSbcRecipe = `
name: ribbon-sbc
title: Ribbon SBC
description: Ribbon SBC Edge REST API
url_example: https://sbc.example.net
default_path: /rest/{apiVersion}/system
options:
  - key: apiVersion
    label: REST API version
    default: v1.2
    help: Version in the REST path, e.g. v1.2
login:
  method: POST
  path: /rest/{{apiVersion}}/auth/token
  auth: basic
  headers: { Accept: application/xml }
token:
  from: xml
  path: response/data/accessToken
  lifetime: 600
refresh:
  method: POST
  path: /rest/{{apiVersion}}/auth/token
  auth: basic
  headers: { Accept: application/xml }
  body:
    form: { token: "{{token}}" }
  only_while_valid: true
use:
  header: "Authorization: Bearer {{token}}"
errors:
  messages:
    - { status: 400, kind: unexpected, message: refused the Authorization header as missing or malformed (HTTP 400) }
    - { status: 401, message: invalid username or password (HTTP 401) }
    - status: 404
      kind: unexpected
      field: apiVersion
      message: does not support REST API version {{apiVersion}} (HTTP 404); check the API version setting
`;
