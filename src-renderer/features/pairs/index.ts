export {PairsPage, type PairsTab} from './PairsPage';
