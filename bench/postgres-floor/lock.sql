SELECT * FROM folio_lock_space(:u, :u * 100 + 2, 'tok-' || :u || '-1', 'tok-' || :u || '-1');
