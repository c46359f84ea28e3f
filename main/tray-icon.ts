// A 32x32 PNG drawn in code, so the tray needs no asset file in the package.
export const trayIconDataUrl =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAR0lEQVR42mNgGAWjYLCC+g3//1MTjz' +
  'pgaDhANn7/f3rgUQeMOoBuDgCBAXEANjByHIAPjEbByMkFowXRqAOGrgNGwSgYCAAA+itDXtzqW74AAAAASUVORK5CYII=';
