import { IconPhoto } from '@tabler/icons-react';
import { useState } from 'react';
import { mediaUrl } from '../../api/client';
import './photos.css';

/** A small square thumbnail for lists: loaded lazily, a neutral placeholder when there is no photo (or it fails). */
export function PhotoThumb({ photoId, alt = '', size = 36 }: { photoId: string | null; alt?: string; size?: number }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!photoId || failed === photoId) {
    return (
      <span className="photo-thumb photo-thumb-empty" style={{ width: size, height: size }} aria-hidden>
        <IconPhoto size={Math.round(size * 0.45)} stroke={1.5} />
      </span>
    );
  }
  return (
    <img
      className="photo-thumb"
      src={mediaUrl(photoId, 'thumb')}
      alt={alt}
      width={size}
      height={size}
      loading="lazy"
      decoding="async"
      draggable={false}
      onError={() => setFailed(photoId)}
    />
  );
}
