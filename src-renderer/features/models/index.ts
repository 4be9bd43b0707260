export {ModelsPage} from './ModelsPage';
