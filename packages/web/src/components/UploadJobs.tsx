import { useState } from 'preact/hooks';
import { formatBytes } from '../format.js';
import { href } from '../router.js';

/** One audio file of a batch upload, and how far it got. */
export interface UploadJob {
  key: string;
  file: File;
  id?: string;
  loaded: number;
  state: 'waiting' | 'uploading' | 'done' | 'error';
  error?: string;
}

/** Where audio files are dropped or chosen. */
export function AudioDropzone({ onFiles }: { onFiles: (files: FileList | null) => void }) {
  const [dragging, setDragging] = useState(false);
  return (
    <div
      class={`dropzone${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        onFiles(e.dataTransfer?.files ?? null);
      }}
    >
      <p>Drop audio files here (wav, mp3, m4a, flac, ogg…)</p>
      <label class="button" for="audio-files">
        Choose files…
      </label>
      <input
        id="audio-files"
        class="visually-hidden"
        type="file"
        accept="audio/*,.wav,.mp3,.m4a,.flac,.ogg,.opus,.amr,.webm"
        multiple
        onChange={(e) => {
          onFiles(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}

/** The files of a batch upload, each with its progress and outcome. */
export function UploadJobList({ jobs }: { jobs: UploadJob[] }) {
  if (jobs.length === 0) return null;
  return (
    <ul class="jobs" aria-label="Files">
      {jobs.map((job) => (
        <li key={job.key} class={`job job-${job.state}`}>
          <div class="job-head">
            <span class="job-name">{job.file.name}</span>
            <span class="muted">{formatBytes(job.file.size)}</span>
          </div>
          <progress max={job.file.size || 1} value={job.loaded} aria-label={`Upload of ${job.file.name}`} />
          <div class="job-state" role="status">
            {job.state === 'waiting' && 'Ready to upload'}
            {job.state === 'uploading' &&
              `Uploading… ${Math.round((job.loaded / (job.file.size || 1)) * 100)}%`}
            {job.state === 'done' && job.id && (
              <>
                Uploaded — <a href={href({ name: 'interaction', id: job.id })}>open the interaction</a>
              </>
            )}
            {job.state === 'error' && <span class="error">{job.error}</span>}
          </div>
        </li>
      ))}
    </ul>
  );
}
