import type {Guidelines} from '../contract/curation.js';
import {GuidelineStore} from '../store/GuidelineStore.js';
import type {Workspace} from '../store/Workspace.js';

/** The labelling guidelines the team edits in the app; every saved text is a new version. */
export class GuidelineService {
	private readonly store: GuidelineStore;

	public constructor(workspace: Workspace) {
		this.store = new GuidelineStore(workspace.db);
	}

	public get(): Guidelines {
		return this.store.current();
	}

	public set(text: string, author: string): Guidelines {
		return this.store.add(text, author);
	}
}
