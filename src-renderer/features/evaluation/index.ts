export {EvaluationPage} from './EvaluationPage';
