export {RoundsPage} from './RoundsPage';
