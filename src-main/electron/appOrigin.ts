/**
 * The renderer is served from `app://rstar/…`: a standard, secure origin of the app's own, never `file://`.
 * No Electron import here, so checks built on it load in plain Node (and in tests).
 */
export const appOrigin = 'app://rstar';
