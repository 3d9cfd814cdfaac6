/*
 * CMPI shim: the one header through which Swift sees MPI.
 *
 * Swift imports MPI's integer constants (MPI_SUCCESS, MPI_ANY_SOURCE, MPI_ERR_*) directly, but not its
 * handle macros: in Open MPI they expand to addresses of link-time globals cast to pointer types, in
 * MPICH to integer constants. Each handle is therefore exposed through a static inline accessor, so the
 * Swift layer never depends on how a handle is represented. In optimised builds the accessors inline
 * completely.
 */
#ifndef CMPI_SHIM_H
#define CMPI_SHIM_H

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

/* Communicators */
static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm cmpi_comm_self(void) { return MPI_COMM_SELF; }
static inline MPI_Comm cmpi_comm_null(void) { return MPI_COMM_NULL; }

/* Predefined datatypes */
static inline MPI_Datatype cmpi_datatype_char(void) { return MPI_CHAR; }
static inline MPI_Datatype cmpi_datatype_signed_char(void) { return MPI_SIGNED_CHAR; }
static inline MPI_Datatype cmpi_datatype_unsigned_char(void) { return MPI_UNSIGNED_CHAR; }
static inline MPI_Datatype cmpi_datatype_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype cmpi_datatype_wchar(void) { return MPI_WCHAR; }
static inline MPI_Datatype cmpi_datatype_short(void) { return MPI_SHORT; }
static inline MPI_Datatype cmpi_datatype_unsigned_short(void) { return MPI_UNSIGNED_SHORT; }
static inline MPI_Datatype cmpi_datatype_int(void) { return MPI_INT; }
static inline MPI_Datatype cmpi_datatype_unsigned(void) { return MPI_UNSIGNED; }
static inline MPI_Datatype cmpi_datatype_long(void) { return MPI_LONG; }
static inline MPI_Datatype cmpi_datatype_unsigned_long(void) { return MPI_UNSIGNED_LONG; }
static inline MPI_Datatype cmpi_datatype_long_long(void) { return MPI_LONG_LONG; }
static inline MPI_Datatype cmpi_datatype_unsigned_long_long(void) { return MPI_UNSIGNED_LONG_LONG; }
static inline MPI_Datatype cmpi_datatype_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype cmpi_datatype_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype cmpi_datatype_long_double(void) { return MPI_LONG_DOUBLE; }
static inline MPI_Datatype cmpi_datatype_packed(void) { return MPI_PACKED; }
static inline MPI_Datatype cmpi_datatype_int8_t(void) { return MPI_INT8_T; }
static inline MPI_Datatype cmpi_datatype_int16_t(void) { return MPI_INT16_T; }
static inline MPI_Datatype cmpi_datatype_int32_t(void) { return MPI_INT32_T; }
static inline MPI_Datatype cmpi_datatype_int64_t(void) { return MPI_INT64_T; }
static inline MPI_Datatype cmpi_datatype_uint8_t(void) { return MPI_UINT8_T; }
static inline MPI_Datatype cmpi_datatype_uint16_t(void) { return MPI_UINT16_T; }
static inline MPI_Datatype cmpi_datatype_uint32_t(void) { return MPI_UINT32_T; }
static inline MPI_Datatype cmpi_datatype_uint64_t(void) { return MPI_UINT64_T; }
static inline MPI_Datatype cmpi_datatype_c_bool(void) { return MPI_C_BOOL; }
static inline MPI_Datatype cmpi_datatype_c_float_complex(void) { return MPI_C_FLOAT_COMPLEX; }
static inline MPI_Datatype cmpi_datatype_c_double_complex(void) { return MPI_C_DOUBLE_COMPLEX; }
static inline MPI_Datatype cmpi_datatype_c_long_double_complex(void) { return MPI_C_LONG_DOUBLE_COMPLEX; }
static inline MPI_Datatype cmpi_datatype_aint(void) { return MPI_AINT; }
static inline MPI_Datatype cmpi_datatype_offset(void) { return MPI_OFFSET; }
static inline MPI_Datatype cmpi_datatype_count(void) { return MPI_COUNT; }
static inline MPI_Datatype cmpi_datatype_float_int(void) { return MPI_FLOAT_INT; }
static inline MPI_Datatype cmpi_datatype_double_int(void) { return MPI_DOUBLE_INT; }
static inline MPI_Datatype cmpi_datatype_long_int(void) { return MPI_LONG_INT; }
static inline MPI_Datatype cmpi_datatype_2int(void) { return MPI_2INT; }
static inline MPI_Datatype cmpi_datatype_short_int(void) { return MPI_SHORT_INT; }
static inline MPI_Datatype cmpi_datatype_long_double_int(void) { return MPI_LONG_DOUBLE_INT; }
static inline MPI_Datatype cmpi_datatype_null(void) { return MPI_DATATYPE_NULL; }

/* Predefined reduction operations */
static inline MPI_Op cmpi_op_max(void) { return MPI_MAX; }
static inline MPI_Op cmpi_op_min(void) { return MPI_MIN; }
static inline MPI_Op cmpi_op_sum(void) { return MPI_SUM; }
static inline MPI_Op cmpi_op_prod(void) { return MPI_PROD; }
static inline MPI_Op cmpi_op_land(void) { return MPI_LAND; }
static inline MPI_Op cmpi_op_band(void) { return MPI_BAND; }
static inline MPI_Op cmpi_op_lor(void) { return MPI_LOR; }
static inline MPI_Op cmpi_op_bor(void) { return MPI_BOR; }
static inline MPI_Op cmpi_op_lxor(void) { return MPI_LXOR; }
static inline MPI_Op cmpi_op_bxor(void) { return MPI_BXOR; }
static inline MPI_Op cmpi_op_maxloc(void) { return MPI_MAXLOC; }
static inline MPI_Op cmpi_op_minloc(void) { return MPI_MINLOC; }
static inline MPI_Op cmpi_op_replace(void) { return MPI_REPLACE; }
static inline MPI_Op cmpi_op_no_op(void) { return MPI_NO_OP; }
static inline MPI_Op cmpi_op_null(void) { return MPI_OP_NULL; }

/* Error handlers */
static inline MPI_Errhandler cmpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Errhandler cmpi_errors_are_fatal(void) { return MPI_ERRORS_ARE_FATAL; }
static inline MPI_Errhandler cmpi_errhandler_null(void) { return MPI_ERRHANDLER_NULL; }

/* Null handles of the other object kinds */
static inline MPI_Group cmpi_group_null(void) { return MPI_GROUP_NULL; }
static inline MPI_Group cmpi_group_empty(void) { return MPI_GROUP_EMPTY; }
static inline MPI_Request cmpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline MPI_Message cmpi_message_null(void) { return MPI_MESSAGE_NULL; }
static inline MPI_Message cmpi_message_no_proc(void) { return MPI_MESSAGE_NO_PROC; }
static inline MPI_Info cmpi_info_null(void) { return MPI_INFO_NULL; }
static inline MPI_Info cmpi_info_env(void) { return MPI_INFO_ENV; }
static inline MPI_Win cmpi_win_null(void) { return MPI_WIN_NULL; }
static inline MPI_File cmpi_file_null(void) { return MPI_FILE_NULL; }

/* Topology kinds, as MPI_Topo_test reports them: plain integers in Open MPI, members of a C enum (which
 * Swift imports as a type of its own) in MPICH. */
static inline int cmpi_topology_cartesian(void) { return MPI_CART; }
static inline int cmpi_topology_graph(void) { return MPI_GRAPH; }
static inline int cmpi_topology_distributed_graph(void) { return MPI_DIST_GRAPH; }

/* Special buffer and status addresses */
static inline void * cmpi_in_place(void) { return MPI_IN_PLACE; }
static inline void * cmpi_bottom(void) { return MPI_BOTTOM; }
static inline MPI_Status * cmpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline MPI_Status * cmpi_statuses_ignore(void) { return MPI_STATUSES_IGNORE; }
static inline int * cmpi_errcodes_ignore(void) { return MPI_ERRCODES_IGNORE; }
static inline char ** cmpi_argv_null(void) { return MPI_ARGV_NULL; }
static inline int * cmpi_unweighted(void) { return MPI_UNWEIGHTED; }
static inline int * cmpi_weights_empty(void) { return MPI_WEIGHTS_EMPTY; }

/* Makes standard output line-buffered, so that each line leaves in one write. Swift 6 cannot name C's
 * `stdout` (a global it cannot prove concurrency-safe), hence this accessor. It gives the stream a buffer
 * of its own: MPICH's MPI_Init makes stdout unbuffered, which leaves it a one-byte buffer, and glibc's
 * setvbuf keeps a stream's buffer when given none, so a line still left in two writes (text, newline).
 * The buffer lives as long as the process, like the stream. */
static inline void cmpi_line_buffer_standard_output(void) { setvbuf(stdout, malloc(BUFSIZ), _IOLBF, BUFSIZ); }

#endif /* CMPI_SHIM_H */
