import { defineHandles } from '../kit/handles.js';

/**
 * What each Platform.sh operation handle carries, by name. An activity is followed as seen from
 * the environment it was asked about (a branch spans the parent and the child); an activity that
 * touches no environment is a project activity.
 */
export const platformshHandles = defineHandles('platformsh', 'Platform.sh', {
  project: ['organization', 'subscription'],
  activity: ['project', 'activity', 'environment'],
  'project-activity': ['project', 'activity'],
});
