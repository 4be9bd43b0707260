export {SearchPage} from './SearchPage';
