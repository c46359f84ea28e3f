/** An account name: what the CLI, the agent, the dashboard form and config.json all accept. */
export const accountNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const accountNameRule =
  'Use 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit.';
