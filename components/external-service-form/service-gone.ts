'use client';
/**
 * Whether the Service a dialog edits or deletes has gone from the cluster while the dialog was
 * open (deleted by someone else): the Service panel keeps itself and its dialog then, so what was
 * typed is not lost, and the dialog says so instead of closing under the person.
 */
import { createContext } from 'react';

export const ServiceGoneContext = createContext(false);
