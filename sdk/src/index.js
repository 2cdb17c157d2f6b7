// The bundle's entry: the compiled SDK runs as a classic script, so document.currentScript is it.
import { start } from './sdk.js';

start(window, document.currentScript);
