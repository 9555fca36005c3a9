package dev.tracing.test.example.users;

import java.util.List;

import org.springframework.data.repository.CrudRepository;

interface NoteRepository extends CrudRepository<Note, Long> {

	List<Note> findByText(String text);

}
