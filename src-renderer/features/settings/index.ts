export {SettingsPage} from './SettingsPage';
