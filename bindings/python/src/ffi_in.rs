//! Arrow data in over the C data interface (`__arrow_c_array__`) and the C stream interface
//! (`__arrow_c_stream__`): each record batch imported with arrow-rs, after one fix of the
//! producer's arrays for what arrow-rs does not accept.
//!
//! The fix: a column of Arrow's Null type (a polars column that is all `None`, typed `pl.Null`;
//! a polars list column whose lists are all empty, `list<null>`; a struct field that is always
//! null, e.g. every effort's `end`) comes from polars (and arrow2) with one buffer, a null
//! pointer where the validity bitmap of other types would be. The C data interface gives the
//! Null type no buffers; Arrow C++ (pyarrow) reads the one-buffer form as a legacy form of it,
//! arrow-rs fails the whole import ("The datatype "Null" doesn't expect buffer at index 0").
//! Here a Null array's buffer count is set to 0 before arrow-rs reads it, everywhere in the
//! batch's tree of arrays (children, dictionaries), by the schema's types, once per batch: no
//! buffer is read or moved, and the producer's release callback (which frees what its private
//! data holds) is unchanged.

use arrow_array::ffi::{from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchOptions, StructArray};
use arrow_schema::{ArrowError, DataType, Schema, SchemaRef};
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};
use std::ffi::CStr;
use std::sync::Arc;

const SCHEMA_CAPSULE: &CStr = c"arrow_schema";
const ARRAY_CAPSULE: &CStr = c"arrow_array";
const STREAM_CAPSULE: &CStr = c"arrow_array_stream";

/// Every record batch of `data`: an object with `__arrow_c_array__` (one batch, e.g. a
/// `pyarrow.RecordBatch`) or `__arrow_c_stream__` (a pyarrow, polars or pandas table, a
/// record batch reader). The stream is read without the GIL (its producers are native).
pub fn read_batches(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Vec<RecordBatch>> {
    if data.hasattr(intern!(py, "__arrow_c_array__"))? {
        let pair = data.call_method0(intern!(py, "__arrow_c_array__"))?;
        let pair = pair.cast::<PyTuple>()?;
        let schema = pair.get_item(0)?;
        let array = pair.get_item(1)?;
        let schema = schema.cast::<PyCapsule>()?;
        let array = array.cast::<PyCapsule>()?;
        let schema_ptr = schema.pointer_checked(Some(SCHEMA_CAPSULE))?;
        let array_ptr = array.pointer_checked(Some(ARRAY_CAPSULE))?;
        // SAFETY: the capsules' names say what they hold (the C data interface); the array is
        // moved out of its capsule (which then holds a released array), as pyo3-arrow does.
        let (schema, array) = unsafe {
            let schema = Schema::try_from(schema_ptr.cast::<FFI_ArrowSchema>().as_ref())
                .map_err(arrow_error)?;
            let array = FFI_ArrowArray::from_raw(array_ptr.cast::<FFI_ArrowArray>().as_ptr());
            (Arc::new(schema), array)
        };
        return Ok(vec![import_batch(array, &schema).map_err(arrow_error)?]);
    }
    if data.hasattr(intern!(py, "__arrow_c_stream__"))? {
        let capsule = data.call_method0(intern!(py, "__arrow_c_stream__"))?;
        let capsule = capsule.cast::<PyCapsule>()?;
        let stream_ptr = capsule.pointer_checked(Some(STREAM_CAPSULE))?;
        // SAFETY: as above; the stream is moved out of its capsule.
        let mut stream = unsafe {
            FFI_ArrowArrayStream::from_raw(stream_ptr.cast::<FFI_ArrowArrayStream>().as_ptr())
        };
        return py.detach(|| read_stream(&mut stream)).map_err(arrow_error);
    }
    Err(PyTypeError::new_err(
        "expected Arrow data: an object with __arrow_c_stream__ or __arrow_c_array__ \
         (a pyarrow Table or RecordBatch, a polars or pandas DataFrame)",
    ))
}

fn arrow_error(e: ArrowError) -> PyErr {
    crate::arrow_error(e)
}

/// Every batch of a C stream, in order.
fn read_stream(stream: &mut FFI_ArrowArrayStream) -> Result<Vec<RecordBatch>, ArrowError> {
    let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
        return Err(ArrowError::CDataInterface(
            "the input stream is already released".into(),
        ));
    };
    let mut ffi_schema = FFI_ArrowSchema::empty();
    // SAFETY: a live stream (not released), called as the C stream interface says.
    let code = unsafe { get_schema(stream, &mut ffi_schema) };
    if code != 0 {
        return Err(stream_error(stream, code));
    }
    let schema = Arc::new(Schema::try_from(&ffi_schema)?);
    let mut batches = Vec::new();
    loop {
        let mut array = FFI_ArrowArray::empty();
        // SAFETY: as above.
        let code = unsafe { get_next(stream, &mut array) };
        if code != 0 {
            return Err(stream_error(stream, code));
        }
        if array.is_released() {
            return Ok(batches); // the end of the stream
        }
        batches.push(import_batch(array, &schema)?);
    }
}

/// The stream's last error message (its error code when it has none).
fn stream_error(stream: &mut FFI_ArrowArrayStream, code: i32) -> ArrowError {
    let message = stream.get_last_error.and_then(|get_last_error| {
        // SAFETY: the C stream interface: a null pointer or a C string owned by the stream,
        // valid until its next call.
        let text = unsafe { get_last_error(stream) };
        (!text.is_null()).then(|| {
            unsafe { CStr::from_ptr(text) }
                .to_string_lossy()
                .into_owned()
        })
    });
    ArrowError::CDataInterface(
        message.unwrap_or_else(|| format!("the input stream failed ({code})")),
    )
}

/// One record batch from the C data interface's struct array of its columns.
fn import_batch(mut array: FFI_ArrowArray, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
    let data_type = DataType::Struct(schema.fields().clone());
    // SAFETY: `array` is a live array of the producer, of `data_type` (the stream's schema).
    unsafe { null_arrays_without_buffers(&mut array, &data_type)? };
    // SAFETY: as above.
    let data = unsafe { from_ffi_and_data_type(array, data_type)? };
    let rows = data.len();
    let columns = StructArray::from(data).into_parts().1;
    RecordBatch::try_new_with_options(
        schema.clone(),
        columns,
        &RecordBatchOptions::new().with_row_count(Some(rows)),
    )
}

/// Sets the buffer count of every array of Arrow's Null type in `array`'s tree to 0 (from the
/// one-buffer form polars writes), by `data_type`; and checks that each array with children
/// has as many as its type says (arrow-rs's import asserts it).
///
/// # Safety
///
/// `array` is a live (not released) array from the C data interface, of type `data_type`.
unsafe fn null_arrays_without_buffers(
    array: &mut FFI_ArrowArray,
    data_type: &DataType,
) -> Result<(), ArrowError> {
    let children: Vec<&DataType> = match data_type {
        DataType::Null => {
            if array.n_buffers == 1 {
                array.n_buffers = 0;
            }
            return Ok(());
        }
        DataType::Dictionary(_, values) => {
            // SAFETY: a dictionary array's values, when given, are a live array of `values`.
            if let Some(dictionary) = unsafe { array.dictionary.as_mut() } {
                unsafe { null_arrays_without_buffers(dictionary, values)? };
            }
            return Ok(());
        }
        DataType::Struct(fields) => fields.iter().map(|f| f.data_type()).collect(),
        DataType::List(f)
        | DataType::LargeList(f)
        | DataType::ListView(f)
        | DataType::LargeListView(f)
        | DataType::FixedSizeList(f, _)
        | DataType::Map(f, _) => vec![f.data_type()],
        DataType::Union(fields, _) => fields.iter().map(|(_, f)| f.data_type()).collect(),
        DataType::RunEndEncoded(ends, values) => vec![ends.data_type(), values.data_type()],
        _ => return Ok(()),
    };
    if usize::try_from(array.n_children).ok() != Some(children.len())
        || (!children.is_empty() && array.children.is_null())
    {
        return Err(ArrowError::CDataInterface(format!(
            "an array of type {data_type} has {} children, its type says {}",
            array.n_children,
            children.len()
        )));
    }
    for (i, child_type) in children.into_iter().enumerate() {
        // SAFETY: `n_children` pointers to live child arrays, checked above.
        let child = unsafe { (*array.children.add(i)).as_mut() };
        let Some(child) = child else {
            return Err(ArrowError::CDataInterface(format!(
                "child {i} of an array of type {data_type} is missing"
            )));
        };
        unsafe { null_arrays_without_buffers(child, child_type)? };
    }
    Ok(())
}
