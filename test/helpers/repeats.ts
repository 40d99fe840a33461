// How many times a test asks the same search again: an answer that changes between runs
// is a bug. Three keeps the suite short; FRED_SEARCH_REPEATS=10 makes a thorough run.
export const searchRepeats = Number(process.env.FRED_SEARCH_REPEATS) || 3;
