/**
 * The home whose installed recipes \`providerFor\` sees when a caller names none. A module of its
 * own, so the CLI can set it without loading the registry (and the recipe engine) for every call.
 */
let defaultHome: string | undefined;

export function useRecipeHome(home: string): void {
  defaultHome = home;
}

export function recipeHome(): string | undefined {
  return defaultHome;
}
