export {PairsPage} from './PairsPage';
