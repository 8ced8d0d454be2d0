/** How numbers, times, CSV and errors are written, the same in the CLI, the run folder and the window. */
export { csvField, csvText } from '../../src-main/engine/util/csv';
export { durationText, roughDurationText } from '../../src-main/engine/util/duration-text';
export { errorMessage } from '../../src-main/engine/util/error-message';
export { round4 } from '../../src-main/engine/util/round';
