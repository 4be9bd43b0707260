export {DatasetsPage} from './DatasetsPage';
