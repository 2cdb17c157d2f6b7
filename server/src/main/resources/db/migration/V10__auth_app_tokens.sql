-- Tokens may belong to an app (tokenable_type 'app', tokenable_id the app's id) as well as to a
-- user, so tokenable_id can no longer reference users; a user's tokens still go with the user.
ALTER TABLE personal_access_tokens DROP CONSTRAINT personal_access_tokens_tokenable_id_fkey;

CREATE FUNCTION delete_user_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM personal_access_tokens WHERE tokenable_type = 'user' AND tokenable_id = OLD.id;
    RETURN OLD;
END $$;

CREATE TRIGGER users_delete_tokens AFTER DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION delete_user_tokens();
