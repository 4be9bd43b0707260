export {GuidelinesPanel} from './GuidelinesPanel';
export {StepLabelsTab} from './StepLabelsTab';
