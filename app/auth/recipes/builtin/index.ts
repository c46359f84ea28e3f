import { ribbonSbcRecipe } from './ribbon-sbc';
import { sensuRecipe } from './sensu';
import { veeamVaoRecipe } from './veeam-vao';
import { vssRecipe } from './vss';
import { vyoptaRecipe } from './vyopta';

/** The built-in providers that are recipes, as shipped YAML text (the same format users write). */
export const builtinRecipeTexts: Readonly<Record<string, string>> = {
  vss: vssRecipe,
  'ribbon-sbc': ribbonSbcRecipe,
  sensu: sensuRecipe,
  vyopta: vyoptaRecipe,
  'veeam-vao': veeamVaoRecipe,
};
