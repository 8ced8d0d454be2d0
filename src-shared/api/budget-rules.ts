/** The budget rules the UI applies as the user types; the engine owns them, the contract hands them over. */
export { budgetProblem, describeRule } from '../../src-main/engine/budget/budget-types';
